import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Store } from './store/index.js';

export const StoreContext = createContext<Store | null>(null);

export function useStore(): Store {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside <StoreContext.Provider>');
  return store;
}
