"use client";
import { useI18n } from "./_i18n/client";

/** Unexpected failures inside the shell: say so, keep the navigation, offer a retry. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const { t } = useI18n();
  return (
    <section className="card card-pad empty-state" role="alert">
      <h1>{t.common.error}</h1>
      <p className="muted">{error.digest ? `ref ${error.digest}` : error.message}</p>
      <button type="button" className="btn" onClick={reset}>
        {t.common.retry}
      </button>
    </section>
  );
}
