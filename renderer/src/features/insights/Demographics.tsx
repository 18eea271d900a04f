// Instagram follower demographics as bars (age, gender, country, city), each with its numbers in words.
import { formatNumber } from './words';

const DIMENSIONS: Array<[string, string]> = [
  ['age', 'Age'],
  ['gender', 'Gender'],
  ['country', 'Country'],
  ['city', 'City'],
];
const GENDER: Record<string, string> = { F: 'Women', M: 'Men', U: 'Not said' };

/** The demographics section. */
export function Demographics(props: {
  data:
    | { byDimension: Record<string, Array<{ key: string; value: number }>>; asOf: number | undefined }
    | null
    | undefined;
  unavailable?: string;
}) {
  const by = props.data?.byDimension ?? {};
  if (!Object.keys(by).length)
    return (
      <section className="insights-demographics" aria-label="Follower demographics">
        <h3>Followers</h3>
        <p className="insights-na">
          Not available yet. {props.unavailable ?? 'Meta has not given demographics yet.'}
        </p>
      </section>
    );
  return (
    <section className="insights-demographics" aria-label="Follower demographics" data-testid="demographics">
      <h3>Followers</h3>
      <p className="insights-fresh">
        Meta counts this over the last month
        {props.data?.asOf ? `; fetched ${new Date(props.data.asOf).toLocaleDateString()}` : ''}.
      </p>
      <div className="insights-demo-grid">
        {DIMENSIONS.filter(([d]) => by[d]?.length).map(([d, title]) => {
          const rows = [...(by[d] ?? [])].sort((a, b) => b.value - a.value).slice(0, 7);
          const total = rows.reduce((s, r) => s + r.value, 0) || 1;
          return (
            <div key={d}>
              <h4>{title}</h4>
              <ul className="insights-bars">
                {rows.map((r) => {
                  const pct = (r.value / total) * 100;
                  const name = d === 'gender' ? (GENDER[r.key] ?? r.key) : r.key;
                  return (
                    <li key={r.key}>
                      <span className="insights-bar-label">{name}</span>
                      <span className="insights-bar" aria-hidden="true">
                        <span style={{ width: `${pct}%` }} />
                      </span>
                      <span className="insights-bar-value">
                        {formatNumber(r.value)} ({pct.toFixed(0)}%)
                      </span>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
