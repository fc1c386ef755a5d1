import { describe, expect, it } from 'vitest';
import { FakeContents, FakeElectron } from '../../test/support/fake-electron.ts';
import { APP_ORIGIN, hardenContents, hardenSession, isAppUrl, isExternalLink } from './security.ts';

/** The checklist's rules, each driven as Electron would call it. */

describe('hardenContents', () => {
  it('denies every new window and hands only https links to the OS', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    hardenContents(contents, (url) => opened.push(url));
    const open = (url: string, disposition = 'foreground-tab') => contents.windowOpenHandler!({ url, disposition });
    expect(open('https://docs.aws.amazon.com/xray/')).toEqual({ action: 'deny' });
    expect(open('http://example.com/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(open(`${APP_ORIGIN}/index.html`, 'new-window')).toEqual({ action: 'deny' });
    expect(open('https://user:secret@example.com/')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.aws.amazon.com/xray/']);
  });

  it('keeps every navigation inside the app', () => {
    const contents = new FakeContents();
    hardenContents(contents, () => undefined);
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
      expect(contents.navigate(event, 'https://example.com/')).toBe(true);
      expect(contents.navigate(event, 'file:///home/me/incident.json.gz')).toBe(true);
      expect(contents.navigate(event, 'trace-explorer://other/index.html')).toBe(true);
      expect(contents.navigate(event, `${APP_ORIGIN}/index.html#/map`)).toBe(false);
    }
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('hardenSession', () => {
  it('denies every permission and cancels every request outside the app', () => {
    const electron = new FakeElectron();
    hardenSession(electron.session.defaultSession);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'hid']) {
      let granted: boolean | undefined;
      electron.permissionRequest!({}, permission, (answer) => (granted = answer));
      expect(granted).toBe(false);
      expect(electron.permissionCheck!({}, permission)).toBe(false);
    }
    const cancelled = (url: string): boolean => {
      let cancel: boolean | undefined;
      electron.beforeRequest!({ url }, (response) => (cancel = response.cancel));
      return cancel!;
    };
    expect(cancelled('https://example.com/x.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/api')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('ws://example.com/')).toBe(true);
    expect(cancelled(`${APP_ORIGIN}/assets/index.js`)).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    expect(cancelled('blob:trace-explorer://app/1234')).toBe(false);
  });
});

describe('the URL rules', () => {
  it('knows the app by scheme and host, and external links by https alone', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl('trace-explorer://app.evil/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isExternalLink('https://aws.amazon.com/')).toBe(true);
    expect(isExternalLink('HTTPS://aws.amazon.com/')).toBe(true);
    expect(isExternalLink('mailto:a@b.c')).toBe(false);
  });
});
