// A chart as a figure: a title and a text summary that carry the numbers (named as the figure's
// label and description), then the plot, hidden from assistive technology as decoration for sighted
// readers. Used by the crisis volume chart and the OKR dashboard; the plot is any recharts chart.
import { useId, type ReactNode } from "react";

/** Axis ticks in the app's small muted type. */
export const CHART_TICK = { fontSize: 11, fill: "var(--text-3)" } as const;

export function ChartFigure({ title, summary, children, className, testId }: { title: ReactNode; summary: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  const id = useId();
  return (
    <figure className={`chart-figure${className ? ` ${className}` : ""}`} aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} data-testid={testId}>
      <figcaption>
        <h4 id={`${id}-title`} className="mini-title">
          {title}
        </h4>
        <p id={`${id}-summary`} className="small muted">
          {summary}
        </p>
      </figcaption>
      <div className="chart-plot" aria-hidden="true">
        {children}
      </div>
    </figure>
  );
}
