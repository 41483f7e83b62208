/**
 * Types for the parts of citation-js that Scholia uses. The packages ship no type declarations; these
 * describe their documented behaviour (https://citation.js.org/api/0.7/) as far as Scholia relies on it.
 */
declare module '@citation-js/core' {
  /** A CSL-JSON item as citation-js reads and writes it. */
  export type CiteCslItem = Record<string, unknown> & { id: string | number; type?: string };

  /** Options of `Cite#format` for the outputs Scholia uses. */
  export interface CiteFormatOptions {
    format?: 'text' | 'html' | 'string' | 'object';
    template?: string;
    lang?: string;
    entry?: string | string[];
    asEntryArray?: boolean;
    type?: string;
  }

  /** A set of references, parsed from any input format a loaded plugin understands. */
  export class Cite {
    constructor(data?: unknown, options?: Record<string, unknown>);
    static async(data: unknown, options?: Record<string, unknown>): Promise<Cite>;
    data: CiteCslItem[];
    format(name: string, options?: CiteFormatOptions): unknown;
  }

  /** A named registry of templates or locales (the CSL plugin's configuration). */
  export interface CiteRegister<T> {
    add(name: string, value: T): void;
    set(name: string, value: T): void;
    get(name: string): T | undefined;
    has(name: string): boolean;
    remove(name: string): void;
    list(): string[];
  }

  /** A citeproc-js engine, as the CSL plugin prepares it. */
  export interface CiteprocEngine {
    updateItems(ids: string[], nosort?: boolean): string[];
    makeBibliography(): [{ bibstart: string; bibend: string }, string[]] | false;
    makeCitationCluster(items: { id: string; locator?: string; label?: string }[]): string;
    opt: { development_extensions: { wrap_url_and_doi: boolean } };
  }

  /** The CSL plugin's configuration. */
  export interface CslPluginConfig {
    styles: CiteRegister<string>;
    locales: CiteRegister<string>;
    engine(data: CiteCslItem[], style: string, lang: string | undefined, format: string): CiteprocEngine;
  }

  export const plugins: {
    config: { get(name: '@csl'): CslPluginConfig };
    /** The input chain: `data` parsed (as `forceType`, else as detected) into the `target` type, CSL-JSON by default. */
    input: { chain(data: unknown, options?: Record<string, unknown>): unknown };
  };
}

declare module '@citation-js/plugin-csl';

declare module 'citeproc' {
  /** The part of an output format's definition Scholia sets: text escaping and decoration templates. */
  export type CiteprocOutputFormat = Record<string, unknown>;

  /** What citeproc asks of the program that runs it: items by id, locales by language. */
  export interface CiteprocSys {
    retrieveItem(id: string): unknown;
    retrieveLocale(lang: string): string | Record<string, never>;
  }

  /** A citeproc-js engine: one style in one locale, over the items it is given. */
  export interface CiteprocEngineInstance {
    sys: CiteprocSys;
    opt: { development_extensions: { wrap_url_and_doi: boolean } };
    setOutputFormat(format: string): void;
    updateItems(ids: string[], nosort?: boolean): string[];
    makeBibliography(): [{ bibstart: string; bibend: string }, string[]] | false;
    makeCitationCluster(items: { id: string; locator?: string; label?: string }[]): string;
  }

  /** citeproc-js's namespace: its engine and the output formats, to which Scholia adds its own. */
  const CSL: {
    Engine: new (sys: CiteprocSys, style: string, lang?: string, forceLang?: boolean) => CiteprocEngineInstance;
    Output: { Formats: Record<string, CiteprocOutputFormat> };
  };
  export default CSL;
}
