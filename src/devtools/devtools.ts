/** The devtools page: runs once per DevTools window and only registers the panel. */
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('Bearerscope', 'icons/icon-32.png', 'panel.html');
