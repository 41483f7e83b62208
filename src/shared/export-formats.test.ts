import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, isExportFormat } from './export-formats';
import { ExportOptionsSchema } from './export-options';

describe('the export formats', () => {
  it('are what the export options accept, in the table’s order', () => {
    expect(EXPORT_FORMATS).toEqual([
      'markdown',
      'vault',
      'csl-json',
      'bibtex',
      'biblatex',
      'ris',
      'jsonld',
      'csv',
      'csv-codebook',
      'csv-links',
      'refi-qdc',
      'refi-qdpx',
      'taguette-csv',
    ]);
    for (const format of EXPORT_FORMATS) expect(ExportOptionsSchema.parse({ format }).format).toBe(format);
    expect(ExportOptionsSchema.safeParse({ format: 'docx' }).success).toBe(false);
  });

  it('tell a format’s name from any other word, inherited ones included', () => {
    expect(isExportFormat('csl-json')).toBe(true);
    expect(isExportFormat('docx')).toBe(false);
    expect(isExportFormat('toString')).toBe(false);
  });

  it('ask citeproc only for formats that cite or list references in a style’s order', () => {
    const formatting = EXPORT_FORMATS.filter((format) => EXPORT_FORMAT_INFO[format].formatsReferences);
    expect(formatting).not.toContain('jsonld');
    expect(formatting).not.toContain('csv-codebook');
    for (const format of EXPORT_FORMATS) {
      if (EXPORT_FORMAT_INFO[format].citesInStyle) expect(formatting).toContain(format);
    }
  });

  it('are text, except the REFI-QDA project, which is a ZIP archive', () => {
    expect(EXPORT_FORMATS.filter((format) => EXPORT_FORMAT_INFO[format].binary)).toEqual(['refi-qdpx']);
    expect(EXPORT_FORMAT_INFO['refi-qdpx'].mediaType).toBe('application/zip');
  });

  it('write one file each, except the vault’s folder of notes', () => {
    expect(EXPORT_FORMATS.filter((format) => EXPORT_FORMAT_INFO[format].output === 'folder')).toEqual([
      'vault',
    ]);
  });
});
