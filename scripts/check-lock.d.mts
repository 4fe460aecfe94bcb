export declare function missingOptionals(lock: {
  packages?: Record<string, { optionalDependencies?: Record<string, string> }>;
}): string[];
