/**
 * What the HAR reader looks for before it spends a parse on a string or an entry. The secret rules themselves are in
 * src/core/find/secrets.ts; this is the cheap pre-filter both share, so a secret the rules know is never skipped.
 */

/**
 * Text that may hold a secret: every rule's literals, and `Basic ` (for the HAR reader, which skips long strings and
 * entries matching neither this nor a token pattern). Written out by hand rather than joined from the hints: each
 * branch starts at a character that is rare in bodies (`_`, `-`, `~`, `.`) and looks behind for the rest, which V8
 * runs about three times faster over hundreds of megabytes. test/core/find/secrets.test.ts checks it matches every rule's hints.
 */
export const SECRET_HINT =
  /_(?<=(?:gh[pousr]|github_pat|[sr]k_(?:live|prod|test)|pk_(?:live|test)|npm|hf)_)|-(?<=(?:xox[bpe]|xapp|sk-ant|glpat)-)|~(?<=Q~)|\.(?<=SG\.)|A(?:KIA|SIA|Iza)|T3BlbkFJ|[Kk]ey(?<=(?:[Aa]ccount_?|[Ss]torage_?)[Kk]ey)|KEY(?<=PRIVATE KEY)|asic /;
