/**
 * Names of the components every lesson may use without importing them. Kept apart from the component
 * map so `npm run check` (plain Node, no Astro compiler) can know them; mdx-components.ts must provide
 * exactly these (TypeScript enforces it).
 */
export const MDX_COMPONENT_NAMES = ['Callout', 'LabChart', 'Quiz', 'Sandbox'] as const;
export type MdxComponentName = (typeof MDX_COMPONENT_NAMES)[number];
