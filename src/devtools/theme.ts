/** The DevTools theme, for the panel to match: its name as the panel opens, and each change the browser announces. */
import browser from 'webextension-polyfill';
import type { ThemeName, TokenSource } from '../panel/source.js';

const themeOf = (name: string | undefined): ThemeName => (name === 'dark' ? 'dark' : 'light');

export const devtoolsTheme: Pick<TokenSource, 'theme' | 'onThemeChanged'> = {
  theme: () => themeOf(browser.devtools.panels.themeName),
  onThemeChanged: (listener) => {
    // Only Firefox announces a change (Chromium 150 and 156 have no panels.onThemeChanged): elsewhere the panel keeps
    // the theme it opened with.
    const panels = browser.devtools.panels as unknown as {
      onThemeChanged?: { addListener(l: (name: string) => void): void };
    };
    panels.onThemeChanged?.addListener((name) => listener(themeOf(name)));
  },
};
