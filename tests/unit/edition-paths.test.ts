/** Path mapping between editions, edition links in translated prose, and when to offer another edition. */
import { describe, expect, it } from 'vitest';
import { editionLink, languageToOffer, localizedPath, splitEditionPath } from '../../src/i18n/edition-paths.ts';

const editions = ['en', 'ja'];

describe('localizedPath and splitEditionPath', () => {
  it('puts a page of another edition under its language tag, and leaves English at the root', () => {
    expect(localizedPath('/foundations/polling/', 'ja')).toBe('/ja/foundations/polling/');
    expect(localizedPath('/', 'ja')).toBe('/ja/');
    expect(localizedPath('/foundations/polling/#etag', 'ja')).toBe('/ja/foundations/polling/#etag');
    expect(localizedPath('/foundations/polling/', 'en')).toBe('/foundations/polling/');
  });

  it('round-trips: the edition and the root path come back out of a localized path', () => {
    for (const path of ['/', '/foundations/', '/foundations/polling/', '/course-complete/', '/foundations/polling/#etag']) {
      expect(splitEditionPath(localizedPath(path, 'ja'), editions)).toEqual({ lang: 'ja', path });
      expect(splitEditionPath(path, editions)).toEqual({ lang: 'en', path });
    }
    expect(splitEditionPath('/ja', editions)).toEqual({ lang: 'ja', path: '/' });
  });

  it('does not take a first segment for an edition unless that edition exists', () => {
    expect(splitEditionPath('/fr/foundations/', editions)).toEqual({ lang: 'en', path: '/fr/foundations/' });
    expect(splitEditionPath('/push/web-push/', [...editions, 'push'])).toEqual({ lang: 'en', path: '/push/web-push/' });
    expect(splitEditionPath('/jam/', editions)).toEqual({ lang: 'en', path: '/jam/' });
  });
});

describe('editionLink', () => {
  const translated = new Set(['/', '/foundations/', '/foundations/polling/']);
  const exists = (path: string) => translated.has(path);

  it('points an internal link into the edition when the page exists there, keeping the anchor and query', () => {
    expect(editionLink('/foundations/polling/#etag', 'ja', exists)).toBe('/ja/foundations/polling/#etag');
    expect(editionLink('/foundations/polling/?x=1#etag', 'ja', exists)).toBe('/ja/foundations/polling/?x=1#etag');
    expect(editionLink('/', 'ja', exists)).toBe('/ja/');
  });

  it('leaves links to untranslated pages, outside pages and other sites as written', () => {
    expect(editionLink('/push/web-push/', 'ja', exists)).toBe('/push/web-push/');
    expect(editionLink('/authoring/', 'ja', exists)).toBe('/authoring/');
    expect(editionLink('https://www.rfc-editor.org/rfc/rfc9110', 'ja', exists)).toBe('https://www.rfc-editor.org/rfc/rfc9110');
    expect(editionLink('//cdn.example/x.js', 'ja', exists)).toBe('//cdn.example/x.js');
    expect(editionLink('#etag', 'ja', exists)).toBe('#etag');
    expect(editionLink('../polling/', 'ja', exists)).toBe('../polling/');
  });

  it('changes nothing in the English edition', () => {
    expect(editionLink('/foundations/polling/', 'en', () => true)).toBe('/foundations/polling/');
  });
});

describe('languageToOffer', () => {
  const page = (pageLang: string, stored: string | null, browser: string[], available = ['en', 'ja']) => languageToOffer({ pageLang, available, stored, browser });

  it('offers the edition the learner chose before, on a page in another language', () => {
    expect(page('en', 'ja', ['en-US'])).toBe('ja');
    expect(page('ja', 'en', ['ja-JP'])).toBe('en');
  });

  it('offers nothing when the page is already in the chosen language', () => {
    expect(page('ja', 'ja', ['en-US'])).toBeUndefined();
    expect(page('en', 'en', ['ja-JP'])).toBeUndefined();
  });

  it('without a choice, offers the first browser language that has this page, unless the page is in a preferred one', () => {
    expect(page('en', null, ['ja-JP', 'en'])).toBe('ja');
    expect(page('en', null, ['en-GB', 'ja'])).toBeUndefined();
    expect(page('en', null, ['fr-FR', 'ja'])).toBe('ja');
    expect(page('en', null, ['fr-FR', 'de'])).toBeUndefined();
  });

  it('offers nothing the page does not exist in', () => {
    expect(page('en', 'ja', ['ja'], ['en'])).toBeUndefined();
    expect(page('en', null, ['ja-JP'], ['en'])).toBeUndefined();
  });
});
