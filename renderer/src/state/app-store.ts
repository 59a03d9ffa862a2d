import { create } from 'zustand';
import type { ApiOutput, AppInfo, ComplianceView, ImportJobView } from '../../../shared/contract/api';
import type { HitStatus } from '../../../shared/compliance/types';

type FleetView = ApiOutput<'getFleetMetrics'>;
import type { CallPage, CallQuery } from '../../../shared/model/call-query';
import type { CallDetail, ImportReport } from '../../../shared/model/dto';
import { api } from '../api/client';

type Load<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

interface AppState {
  info: AppInfo | null;
  calls: Load<CallPage>;
  /** Metrics over every call the current query selects. */
  fleet: FleetView | null;
  /** The library's current search and page. */
  query: CallQuery;
  setQuery(q: Partial<CallQuery>): void;
  openCallId: string | null;
  call: Load<CallDetail>;
  lastImport: ImportReport | null;
  loadInfo(): Promise<void>;
  loadCalls(): Promise<void>;
  openCall(callId: string): Promise<void>;
  closeCall(): void;
  /** Which top-level screen is shown. */
  screen: 'calls' | 'packages';
  showCalls(): void;
  showPackages(): void;
  /** The open call's compliance scan. */
  compliance: ComplianceView | null;
  /** Show the open call with every compliance hit removed (for sharing a screen). */
  redacted: boolean;
  setRedacted(on: boolean): Promise<void>;
  scanOpenCall(): Promise<void>;
  reviewHit(fingerprint: string, status: HitStatus, reason?: string): Promise<void>;
  /** Set (or clear) the reference transcript of a caller turn of the open call; it is re-analysed. */
  setReference(turnIndex: number, text: string | null): Promise<void>;
  /** Exchange caller and agent on the open call's recording. */
  swapRoles(): Promise<void>;
  importSamples(): Promise<void>;
  /** Imports files or folders on this machine; resolves with the report (errors included), refreshes the list. */
  importPaths(paths: string[]): Promise<ImportReport>;
  /** The import running in the background, polled for progress. */
  importJob: ImportJobView | null;
  startImport(paths: string[]): Promise<void>;
  cancelImport(): Promise<void>;
  clearImportJob(): void;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const useAppStore = create<AppState>((set, get) => ({
  info: null,
  calls: { status: 'idle' },
  fleet: null,
  query: { limit: 100, offset: 0 },
  setQuery(q) {
    // A new search starts at the first page unless the change is the page itself.
    set({ query: { ...get().query, offset: 0, ...q } });
    void get().loadCalls();
  },
  openCallId: null,
  call: { status: 'idle' },
  lastImport: null,
  async loadInfo() {
    set({ info: await api.getAppInfo({}) });
  },
  async loadCalls() {
    if (get().calls.status !== 'ready') set({ calls: { status: 'loading' } });
    const query = get().query;
    try {
      const [value, fleet] = await Promise.all([api.listCalls(query), api.getFleetMetrics({ ...query, limit: undefined, offset: undefined })]);
      // Answers can arrive out of order while the user types; keep only the latest query's.
      if (get().query === query) set({ calls: { status: 'ready', value }, fleet });
    } catch (err) {
      set({ calls: { status: 'error', message: message(err) } });
    }
  },
  screen: 'calls',
  showCalls() {
    set({ screen: 'calls' });
  },
  showPackages() {
    set({ screen: 'packages', openCallId: null, call: { status: 'idle' } });
  },
  compliance: null,
  redacted: false,
  async setRedacted(on) {
    set({ redacted: on });
    const id = get().openCallId;
    if (id) await get().openCall(id);
  },
  async scanOpenCall() {
    const id = get().openCallId;
    if (!id) return;
    const compliance = await api.scanCall({ callId: id });
    if (get().openCallId === id) set({ compliance });
    if (get().redacted) await get().openCall(id);
  },
  async reviewHit(fingerprint, status, reason) {
    const id = get().openCallId;
    if (!id) return;
    const compliance = await api.reviewComplianceHit({ callId: id, fingerprint, status, reason });
    if (get().openCallId === id) set({ compliance });
  },
  async openCall(callId) {
    if (get().openCallId !== callId) set({ openCallId: callId, call: { status: 'loading' }, compliance: null });
    try {
      const [value, compliance] = await Promise.all([api.getCall({ callId, redacted: get().redacted }), api.getCompliance({ callId })]);
      if (get().openCallId === callId) set({ call: { status: 'ready', value }, compliance });
    } catch (err) {
      set({ call: { status: 'error', message: message(err) } });
    }
  },
  async setReference(turnIndex, text) {
    const id = get().openCallId;
    if (!id) return;
    const value = await api.setReference({ callId: id, turnIndex, text });
    if (get().openCallId === id) set({ call: { status: 'ready', value } });
  },
  async swapRoles() {
    const id = get().openCallId;
    if (!id) return;
    try {
      set({ call: { status: 'ready', value: await api.swapChannelRoles({ callId: id }) } });
    } catch (err) {
      set({ call: { status: 'error', message: message(err) } });
    }
  },
  closeCall() {
    set({ openCallId: null, call: { status: 'idle' } });
  },
  async importSamples() {
    set({ calls: { status: 'loading' } });
    try {
      const report = await api.importSamples({});
      set({ lastImport: report });
    } catch (err) {
      set({ calls: { status: 'error', message: message(err) } });
      return;
    }
    await get().loadCalls();
  },
  importJob: null,
  async startImport(paths) {
    const { jobId } = await api.startImport({ paths });
    // Poll until the job has a report or an error: the main side yields between calls, so this stays live.
    for (;;) {
      const job = await api.getImportJob({ jobId });
      set({ importJob: job });
      if (job.report || job.error) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (get().importJob?.report) set({ lastImport: get().importJob!.report });
    await get().loadCalls();
  },
  async cancelImport() {
    const job = get().importJob;
    if (job) await api.cancelImport({ jobId: job.jobId });
  },
  clearImportJob() {
    set({ importJob: null });
  },
  async importPaths(paths) {
    const report = await api.importPaths({ paths });
    set({ lastImport: report });
    await get().loadCalls();
    return report;
  },
}));
