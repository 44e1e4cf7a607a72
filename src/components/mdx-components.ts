/**
 * Components lessons can use without importing them. Adding one here makes it available to every
 * lesson; the authoring guide lists them.
 */
import Callout from './Callout.astro';

export const mdxComponents = { Callout };
