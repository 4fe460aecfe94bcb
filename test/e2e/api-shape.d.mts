// Types for api-shape.mjs, which the unit tests (TypeScript) import too.
export interface ApiShape {
  browser: string;
  browserIsChrome: boolean;
  urlScheme: string;
  getBrowserInfo: string;
  network: string[];
  panels: string[];
  getHarWithoutCallback: string;
  evalWithoutCallback: string[];
  evalCallback: string[];
}
export function apiShape(g: unknown): Promise<ApiShape>;
export const SHAPES: Record<'chrome150' | 'chrome156' | 'firefox', ApiShape>;
export function chromiumFlavour(major: number): 'chrome150' | 'chrome156';
