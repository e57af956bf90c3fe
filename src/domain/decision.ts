/** What an editor can decide about a draft. */
export type DecisionAction = 'approve' | 'revise' | 'reject' | 'regenerate';

export interface DecisionRecord {
  id: number;
  bundleId: number;
  draftId: number;
  action: DecisionAction;
  reason: string | null;
  instruction: string | null;
  editorName: string;
  createdAt: Date;
}
