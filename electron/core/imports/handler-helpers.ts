import type { Call } from '../module';

/** Who previews or commits an import: the account, and the scope its rows are checked against. */
export const importer = (c: Call) => ({ id: c.user.id, viewer: c.viewer });

/** The file of a preview (or the preview it re-maps), from a domain's importPreview input. */
export const importSource = (i: { fileBase64?: string; previewId?: string; mapping?: Record<string, string | null>; resetMapping?: boolean }) => ({
  fileBase64: i.fileBase64,
  previewId: i.previewId,
  mapping: i.mapping,
  resetMapping: i.resetMapping,
});
