// Makes the page as unpleasant as it can be for anything that reads its storage (used by the e2e tests).
(async () => {
  const session = await (await fetch('/demo/session')).json();
  // Found even so: few keys, and the token is sent too.
  sessionStorage.setItem('id_token', session.userAddIn);
  // In sessionStorage, whose few keys are all read (which 10,000 of localStorage's keys come first is the browser's choice).
  sessionStorage.setItem('throws', 'small');
  sessionStorage.setItem('huge', 'small');
  if (localStorage.length < 100_000) {
    localStorage.clear();
    for (let i = 0; i < 100_000; i++) localStorage.setItem(`k${i}`, '1');
  }
  const getItem = Storage.prototype.getItem;
  const huge = 'x'.repeat(50 * 1024 * 1024);
  Storage.prototype.getItem = function (key) {
    if (key === 'throws') throw new Error('getItem refused');
    if (key === 'huge') return huge;
    return getItem.call(this, key);
  };
  // A logging shim of the kind quota monitors install: every key(i) throws, so a reader that lists keys with it sees none.
  Storage.prototype.key = function (index) {
    throw new Error(`storage access logged and refused (key ${index})`);
  };
  Object.defineProperty(document, 'cookie', {
    get() {
      throw new Error('cookie getter refused');
    },
    configurable: true,
  });
  await (await fetch('/sites/dev/_api/web', { headers: { Authorization: `Bearer ${session.userAddIn}` } })).text();
  document.body.dataset.done = '1';
})();
