// The fenced ```sh and ```ts blocks of a Markdown file, in order, each with the line it starts on
// and the reason it is not run, when a `<!-- readme-test: skip: <reason> -->` comment precedes it.

/** One fenced code block. */
export interface CodeBlock {
  readonly language: 'sh' | 'ts';
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
  /** Why the README test does not run it; undefined when it does. */
  readonly skipReason: string | undefined;
}

const SKIP_MARKER = /^<!-- readme-test: skip: (.+) -->$/;

/** Every ```sh and ```ts block of `markdown`; other fences are passed over. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let pendingSkip: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = SKIP_MARKER.exec(line);
    if (marker) {
      pendingSkip = marker[1];
      continue;
    }
    const fence = /^```(\S*)$/.exec(line);
    if (!fence) {
      if (line.trim() !== '') pendingSkip = undefined; // a marker applies to the very next block only
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    if (i === lines.length) throw new Error(`the block opened on line ${start + 1} is never closed`);
    const language = fence[1];
    if (language === 'sh' || language === 'ts') {
      blocks.push({ language, line: start + 1, code: `${body.join('\n')}\n`, skipReason: pendingSkip });
    }
    pendingSkip = undefined;
  }
  return blocks;
}
