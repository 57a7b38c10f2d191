import { useEffect, useState } from 'preact/hooks';

type Charts = typeof import('./charts');

let loading: Promise<Charts> | null = null;

/** The chart components, fetched on first use: tables render at once, charts when their chunk arrives. */
export function useCharts(): Charts | null {
  const [charts, setCharts] = useState<Charts | null>(null);
  useEffect(() => {
    loading ??= import('./charts');
    let live = true;
    loading.then((mod) => live && setCharts(mod));
    return () => {
      live = false;
    };
  }, []);
  return charts;
}
