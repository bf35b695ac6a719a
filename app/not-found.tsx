import Link from "next/link";
import { getI18n } from "./_i18n/server";

export default async function NotFound() {
  const { t } = await getI18n();
  return (
    <section className="card card-pad empty-state">
      <h1>404</h1>
      <p>{t.common.notFound}</p>
      <p>
        <Link href="/">{t.nav.overview}</Link> · <Link href="/playbooks">{t.nav.playbooks}</Link> · <Link href="/decisions">{t.nav.decisions}</Link>
      </p>
    </section>
  );
}
