/**
 * What is read from a text, kept for the last texts read (the text itself is the key: no copy of it is
 * made): a workspace's kustomizations are read again by every root's build in the editor, each root
 * reading the others' closures.
 */
export function memoByText<T>(read: (text: string) => T, kept = 256): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (known.has(text)) return known.get(text)!;
    const value = read(text);
    if (known.size >= kept) known.delete(known.keys().next().value!);
    known.set(text, value);
    return value;
  };
}
