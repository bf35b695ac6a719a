// A playbook id suggested from its name: lower-case ASCII words joined by "-" (the Slug schema).
const MAX = 60;

export function suggestSlug(name: string): string {
  const s = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ñ/g, "n")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (s.length <= MAX) return s;
  // Cut at a word boundary when there is one not too far back.
  const cut = s.slice(0, MAX);
  const dash = cut.lastIndexOf("-");
  return (dash > MAX / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, "");
}
