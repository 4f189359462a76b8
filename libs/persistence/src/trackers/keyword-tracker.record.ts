/** A Gong keyword tracker as the replica keeps it. Ids are Gong's strings. */
export interface KeywordTrackerRecord {
  id: string;
  name: string;
  workspaceId: string | null;
  /** Whose words count: Anyone, Company (reps) or NonCompany (customers). */
  affiliation: string | null;
  /** The phrases per language. */
  keywords: { language: string | null; phrases: string[] }[];
  saidAt: string | null;
  saidInTopics: string[];
  partOfQuestion: boolean;
  updated: string | null;
}
