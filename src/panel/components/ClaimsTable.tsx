import { valueText, visible } from '../../core/describe.js';
import type { Claims } from '../../core/decode.js';

/** Claims (or header fields) as a table: name, value as text, and what the claim means when it is known. */
export function ClaimsTable({ claims, info, label }: { claims: Claims; info: (name: string) => string | null; label: string }) {
  const entries = Object.entries(claims);
  return (
    <table class="claims" aria-label={label}>
      <tbody>
        {entries.map(([name, value]) => {
          const about = info(name);
          return (
            <tr key={name}>
              <th scope="row" class="claim-name">
                {visible(name)}
              </th>
              <td>
                <div class="claim-value">{valueText(value)}</div>
                {about && <div class="claim-info">{about}</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
