import { Fragment, type ReactNode } from "react";

/*
 * A minimal Markdown subset rendered to React elements, for text from a server (a programme's
 * terms). No HTML string is ever built and nothing is set as innerHTML: every piece of the
 * source becomes a React text node (which React escapes) or one of a few fixed elements, so a
 * `<script>` in the source shows as text. Links are kept only for http(s) and mailto URLs.
 * Supported: headings (#…######, shown below the step's own heading level), paragraphs,
 * "-"/"*" and "1." lists, **strong**, *emphasis* / _emphasis_, `code` and [text](url). Anything
 * else shows as the text it is. A library would add weight to the step's chunk for syntax
 * terms do not use, and most parse inline HTML unless told not to.
 */

type Block = { kind: "heading"; level: number; text: string } | { kind: "paragraph"; text: string } | { kind: "list"; ordered: boolean; items: string[] };

const HEADING = /^(#{1,6})\s+(.*)$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;

function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
    paragraph = [];
  };
  for (const line of source.replace(/\r\n?/g, "\n").split("\n")) {
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (line.trim() === "") flush();
    else if (heading) {
      flush();
      blocks.push({ kind: "heading", level: heading[1]!.length, text: heading[2]!.trim() });
    } else if (bullet || numbered) {
      flush();
      const ordered = numbered !== null;
      const item = (bullet ?? numbered)![1]!;
      const last = blocks.at(-1);
      if (last?.kind === "list" && last.ordered === ordered) last.items.push(item);
      else blocks.push({ kind: "list", ordered, items: [item] });
    } else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** Only URLs that navigate somewhere harmless; `javascript:`, `data:` and relative tricks stay text. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "https:" || parsed.protocol === "http:" || parsed.protocol === "mailto:" ? parsed.href : null;
  } catch {
    return null;
  }
}

const INLINE = /\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;

function inline(text: string, depth = 0): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index;
    if (index > last) nodes.push(text.slice(last, index));
    const [whole, strong, em1, em2, code, linkText, url] = match;
    const key = `${depth}-${index}`;
    // Nesting is bounded, so a hostile string cannot recurse deeply.
    const inner = (value: string) => (depth < 3 ? inline(value, depth + 1) : [value]);
    if (strong !== undefined) nodes.push(<strong key={key}>{inner(strong)}</strong>);
    else if (em1 !== undefined || em2 !== undefined) nodes.push(<em key={key}>{inner((em1 ?? em2)!)}</em>);
    else if (code !== undefined) nodes.push(<code key={key}>{code}</code>);
    else if (linkText !== undefined && url !== undefined) {
      const href = safeHref(url);
      nodes.push(
        href ? (
          <a key={key} href={href} target="_blank" rel="noopener noreferrer">
            {inner(linkText)}
          </a>
        ) : (
          <Fragment key={key}>{whole}</Fragment>
        ),
      );
    }
    last = index + whole.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

export interface SafeMarkdownProps {
  source: string;
  /** The heading level a "#" heading becomes (default 3, under a step's h2). */
  headingLevel?: 3 | 4;
}

export function SafeMarkdown({ source, headingLevel = 3 }: SafeMarkdownProps) {
  return (
    <>
      {parseBlocks(source).map((block, index) => {
        if (block.kind === "heading") {
          const level = Math.min(6, headingLevel + block.level - 1);
          const Tag = `h${level}` as "h3";
          return <Tag key={index}>{inline(block.text)}</Tag>;
        }
        if (block.kind === "list") {
          const items = block.items.map((item, itemIndex) => <li key={itemIndex}>{inline(item)}</li>);
          return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
        }
        return <p key={index}>{inline(block.text)}</p>;
      })}
    </>
  );
}
