// Unsaved form work kept while the user types (the 40-item career survey is long): in the
// tab's sessionStorage, so a closed dialog or a reload does not lose it, and nothing outlives the
// window. Logging out clears every draft.

const PREFIX = 'bd-draft:';

export interface Draft<T> {
  value: T;
  savedAt: number;
}

export const drafts = {
  get<T>(key: string): Draft<T> | null {
    try {
      const raw = sessionStorage.getItem(PREFIX + key);
      return raw ? (JSON.parse(raw) as Draft<T>) : null;
    } catch {
      return null;
    }
  },
  set<T>(key: string, value: T, savedAt: number): void {
    try {
      sessionStorage.setItem(PREFIX + key, JSON.stringify({ value, savedAt }));
    } catch {
      // A full or unavailable storage only loses the draft, never the form.
    }
  },
  clear(key: string): void {
    sessionStorage.removeItem(PREFIX + key);
  },
  clearAll(): void {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith(PREFIX)) sessionStorage.removeItem(k);
  },
};
