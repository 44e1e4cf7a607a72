/**
 * Site-wide settings that a deployment may change without touching code: set them as environment
 * variables at build time.
 */
export const siteConfig = {
  /**
   * The course's language, as a BCP 47 tag: the `lang` of every page whose lesson or phase declares none,
   * and the locale file (locales/<lang>.yaml) its interface strings come from. Set COURSE_LANG to change it.
   */
  lang: process.env.COURSE_LANG ?? 'en',
  /**
   * Base of the "Edit this page" link; the lesson's path (e.g. `lessons/01-foundations/02-polling.mdx`) is
   * appended. Set COURSE_EDIT_URL to your repository, e.g. `https://github.com/you/course/edit/main/`.
   * Empty hides the link.
   */
  editBaseUrl: process.env.COURSE_EDIT_URL ?? 'https://github.com/beyond-request-response/course/edit/main/',
};
