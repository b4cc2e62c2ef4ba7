/**
 * `npm run docs:mm2 [-- --check]`: docs/what-mm2-does.md, "What MirrorMaker 2 does", written from
 * the text of the feature files and scenarios tagged `@what-mm2-does`: each feature's free text, then
 * each scenario tagged (or all of a tagged feature's) as one behaviour (its name, its description, its tags), linked to the drill that
 * proves it and the command that runs it. The page is never edited by hand; `--check` (and a unit
 * test) fail when it is not what the feature files say now. The DR handbook (`npm run docs`)
 * lists the same behaviours with each drill's latest verdict (behavioursOf).
 */
import type { GherkinDocument } from '@cucumber/messages';
import { readFileSync, writeFileSync } from 'node:fs';
import { dedent } from './cucumber-messages.ts';
import { readFeatures } from './feature-files.ts';

export const WHAT_MM2_DOES_TAG = '@what-mm2-does';

export interface Behaviour {
  /** The scenario's name: the behaviour, said as the drill shows it. */
  name: string;
  line: number;
  /** The scenario's description: what MM2 does, since which release, why. */
  text: string;
  /** Its own tags (bugs, known-bad releases, @long …). */
  tags: string[];
}

export interface BehaviourFeature {
  uri: string;
  name: string;
  text: string;
  behaviours: Behaviour[];
}

/** The behaviours: the scenarios tagged @what-mm2-does or in a feature tagged so, by feature, in file order. */
export function behavioursOf(features: readonly { uri: string; doc: GherkinDocument }[]): BehaviourFeature[] {
  return features.flatMap(({ uri, doc }) => {
    const f = doc.feature;
    if (!f) return [];
    const tagged = (tags: readonly { name: string }[]) => tags.some((t) => t.name === WHAT_MM2_DOES_TAG);
    const behaviours = f.children
      .flatMap((c) => (c.rule ? c.rule.children : [c]))
      .flatMap((c) => (c.scenario && (tagged(f.tags) || tagged(c.scenario.tags)) ? [c.scenario] : []))
      .map((s) => ({ name: s.name, line: s.location.line, text: s.description.trim() ? dedent(s.description) : '', tags: s.tags.map((t) => t.name).filter((t) => t !== WHAT_MM2_DOES_TAG) }));
    if (!behaviours.length) return [];
    return [{ uri, name: f.name, text: f.description.trim() ? dedent(f.description) : '', behaviours }];
  });
}

/** A heading's anchor as GitHub and most Markdown renderers make it. */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Gherkin's free text as Markdown paragraphs: lines of one paragraph joined, list items and code kept. */
function prose(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => para.split('\n').map((l) => l.trim()).join(/^\s*[-*|]/m.test(para) ? '\n' : ' '))
    .join('\n\n');
}

export function renderWhatMm2Does(features: readonly BehaviourFeature[]): string {
  const count = features.reduce((n, f) => n + f.behaviours.length, 0);
  const out: string[] = [
    '# What MirrorMaker 2 does',
    '',
    '<!-- Written by `npm run docs:mm2` from the feature files tagged @what-mm2-does; edit those, not this page. -->',
    '',
    `What MirrorMaker 2 does in the corners its documentation glosses over: ${count} behaviours, each`,
    'stated by the drill that proves it, with what MM2 does, since which release and why (its class,',
    'KIP or commit), and proved with a verdict and exact counts on real brokers and the real MM2.',
    'The drills run on the default Kafka and MM2 (4.3.1); `MIRRORDRILL_MM2_VERSION=<release>` runs',
    'one on another MM2 release ([known bugs](mm2-known-bugs.md)). This page is written from the',
    'feature files by `npm run docs:mm2`, and a unit test fails when it is not what they say. The DR',
    'handbook (`npm run docs`) lists the same behaviours with each drill\'s latest verdict.',
    '',
    '## Contents',
    '',
    ...features.map((f) => `- [${f.name}](#${anchor(f.name)}) (${f.behaviours.length})`),
  ];
  for (const f of features) {
    out.push('', `## ${f.name}`, '', `\`${f.uri}\``);
    if (f.text) out.push('', prose(f.text));
    for (const b of f.behaviours) {
      out.push('', `### ${b.name}`, '');
      if (b.text) out.push(prose(b.text), '');
      const tags = b.tags.length ? ` · ${b.tags.map((t) => `\`${t}\``).join(' ')}` : '';
      out.push(`Drill: [\`${f.uri}:${b.line}\`](../${f.uri}#L${b.line})${tags} · \`npm run drill -- ${f.uri}:${b.line}\``);
    }
  }
  return `${out.join('\n')}\n`;
}

export const PAGE = 'docs/what-mm2-does.md';

if (process.argv[1]?.endsWith('what-mm2-does.ts')) {
  const page = renderWhatMm2Does(behavioursOf(readFeatures('features')));
  if (process.argv.includes('--check')) {
    const now = readFileSync(PAGE, 'utf8');
    if (now !== page) {
      console.error(`${PAGE} is not what the feature files say now: run npm run docs:mm2 and commit it`);
      process.exit(1);
    }
    console.log(`${PAGE} is current`);
  } else {
    writeFileSync(PAGE, page);
    console.log(PAGE);
  }
}
