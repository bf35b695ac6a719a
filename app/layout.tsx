import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Badge } from "./_components/badges";
import { IconAudit, IconCanvas, IconDecisions, IconOverview, IconPlaybooks, IconTarget, Logo } from "./_components/icons";
import { LanguageSwitcher } from "./_components/language-switcher";
import { NavLink } from "./_components/nav-link";
import { Shortcuts } from "./_components/shortcuts";
import { I18nProvider } from "./_i18n/client";
import { getI18n } from "./_i18n/server";
import { TRPCReactProvider } from "./_trpc/client";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: { default: `Pauta · ${t.app.tagline}`, template: "%s · Pauta" }, description: t.app.tagline };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getI18n();
  return (
    <html lang={locale}>
      <body>
        <a href="#main" className="skip-link">
          {t.app.skip}
        </a>
        <I18nProvider locale={locale} t={t}>
          <TRPCReactProvider>
            <Shortcuts />
            <div className="shell">
              <aside className="sidebar">
                <div className="brand">
                  <Logo />
                  <div className="brand-text">
                    <span className="brand-name">{t.app.name}</span>
                    <span className="brand-tag">{t.app.tagline}</span>
                  </div>
                </div>
                <nav aria-label={t.nav.label} className="nav">
                  <ul>
                    <li>
                      <NavLink href="/" icon={<IconOverview />} shortcut="G O">
                        {t.nav.overview}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink href="/playbooks" icon={<IconPlaybooks />} shortcut="G P">
                        {t.nav.playbooks}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink href="/decisions" icon={<IconDecisions />} shortcut="G D">
                        {t.nav.decisions}
                      </NavLink>
                    </li>
                  </ul>
                  {/* Sections later issues fill in, shown so the shell reads as the product it grows into. */}
                  <p className="nav-section" id="nav-soon">
                    {t.nav.soon}
                  </p>
                  <ul aria-labelledby="nav-soon">
                    {[
                      [t.nav.editor, <IconCanvas key="c" />],
                      [t.nav.auditor, <IconAudit key="a" />],
                      [t.nav.okrs, <IconTarget key="o" />],
                    ].map(([label, icon], i) => (
                      <li key={i}>
                        <span className="nav-link is-disabled" aria-disabled="true">
                          <span className="nav-icon" aria-hidden="true">
                            {icon}
                          </span>
                          <span>{label}</span>
                        </span>
                      </li>
                    ))}
                  </ul>
                </nav>
                <div className="sidebar-foot">
                  <LanguageSwitcher />
                  <p className="readonly-note">
                    <Badge tone="neutral">{t.app.readOnly}</Badge>
                    <span>{t.app.readOnlyHint}</span>
                  </p>
                </div>
              </aside>
              <main id="main" className="content" tabIndex={-1}>
                {children}
              </main>
            </div>
          </TRPCReactProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
