/**
 * Text from a workspace (messages, names, exemption reasons, file paths) shown as Markdown: every character
 * Markdown could read as markup is escaped and HTML's are written as entities, so that a manifest cannot
 * put links, images or HTML into a hover or an exported report.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+\-.!|~"'=:$]/g, (char) => `\\${char}`)
    .replace(/\r\n|\r|\n/g, ' ');
}
