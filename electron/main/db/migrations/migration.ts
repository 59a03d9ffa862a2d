/** One schema step. Once landed, a migration's SQL is never edited: the runner stores its hash and refuses a changed one. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
