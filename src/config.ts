/**
 * Site-wide settings that a deployment may change without touching code: set them as environment
 * variables at build time.
 */
export const siteConfig = {
  /**
   * Base of the "Edit this page" link; the lesson's path (e.g. `lessons/01-foundations/02-polling.mdx`) is
   * appended. Set COURSE_EDIT_URL to your repository, e.g. `https://github.com/you/course/edit/main/`.
   * Empty hides the link.
   */
  editBaseUrl: process.env.COURSE_EDIT_URL ?? 'https://github.com/beyond-request-response/course/edit/main/',
};
