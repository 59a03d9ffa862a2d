import type { RecordingInfo } from '../../../shared/model/recording';

export interface Lane {
  channel: number;
  label: string;
  role: 'caller' | 'agent' | 'mixed' | 'unknown';
  color: string;
  progressColor: string;
}

export const LANE_HEIGHT = 84;

const COLORS = {
  caller: ['#5aa9e6', '#2f6f9f'],
  agent: ['#7bd389', '#3f8a4c'],
  mixed: ['#b8a1e3', '#7a62a8'],
  unknown: ['#9aa5b1', '#5f6b77'],
} as const;

/** One lane per channel, labelled by who speaks on it. */
export function lanesFor(rec: RecordingInfo): Lane[] {
  return Array.from({ length: rec.channels }, (_, channel) => {
    const role: Lane['role'] =
      rec.channels === 1 ? 'mixed' : rec.roles.caller === channel ? 'caller' : rec.roles.agent === channel ? 'agent' : 'unknown';
    const name = { caller: 'Caller', agent: 'Agent', mixed: 'Caller + agent (mono)', unknown: 'Unassigned' }[role];
    const [color, progressColor] = COLORS[role];
    return { channel, role, label: rec.channels === 1 ? name : `${name} · ch ${channel}`, color, progressColor };
  });
}
