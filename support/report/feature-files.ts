/** Feature files as Gherkin documents, for the pages written from them (the DR handbook, What MM2 does) and the tools that read drills (the matrix, explore). */
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { type GherkinDocument, IdGenerator } from '@cucumber/messages';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function parseFeature(text: string): GherkinDocument {
  return new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(text);
}

/** Every `*.feature` of a folder (not its subfolders), by name, with its document; `uri` is `dir/name`. */
export function readFeatures(dir: string): { uri: string; doc: GherkinDocument }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.feature'))
    .sort()
    .map((f) => ({ uri: join(dir, f), doc: parseFeature(readFileSync(join(dir, f), 'utf8')) }));
}
