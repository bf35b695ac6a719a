import type { Metadata } from "next";
import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { AccountBox } from "./_components/account";
import { IconAudit, IconBell, IconCanvas, IconCrisis, IconDecisions, IconOverview, IconPlaybooks, IconSettings, IconTarget, IconUsers, Logo } from "./_components/icons";
import { LanguageSwitcher } from "./_components/language-switcher";
import { NavLink } from "./_components/nav-link";
import { Shortcuts } from "./_components/shortcuts";
import { settingsText } from "./admin/settings/messages";
import { webhookText } from "./admin/webhooks/messages";
import { notificationText } from "./notifications/messages";
import { NotificationsNavBadge } from "./notifications/notifications-list";
import { crisisText } from "./crisis/messages";
import { I18nProvider } from "./_i18n/client";
import { getI18n } from "./_i18n/server";
import { TRPCReactProvider } from "./_trpc/client";
import { currentPath, getPageSession, loginPath } from "./_server/auth/server";
import { SessionProvider } from "./_server/auth/session-client";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: { default: `Pauta · ${t.app.tagline}`, template: "%s · Pauta" }, description: t.app.tagline };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getI18n();
  // Every page needs a valid session (checked in the database here; proxy.ts only saw a cookie),
  // except signing in and accepting an invitation, which render without the shell.
  const session = await getPageSession();
  const path = await currentPath();
  if (!session) {
    if (!/^\/(login|invite\/)/.test(path)) redirect(loginPath(path));
    return (
      <html lang={locale}>
        <body>
          <I18nProvider locale={locale} t={t}>
            <main id="main" className="auth-page">
              <div className="brand auth-brand">
                <Logo />
                <div className="brand-text">
                  <span className="brand-name">{t.app.name}</span>
                  <span className="brand-tag">{t.app.tagline}</span>
                </div>
              </div>
              {children}
              <LanguageSwitcher />
            </main>
          </I18nProvider>
        </body>
      </html>
    );
  }
  const allowed = new Set(session.permissions);
  return (
    <html lang={locale}>
      <body>
        <a href="#main" className="skip-link">
          {t.app.skip}
        </a>
        <I18nProvider locale={locale} t={t}>
          <TRPCReactProvider>
           <SessionProvider user={session.user} permissions={session.permissions}>
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
                    {allowed.has("notifications.read") && (
                      <li>
                        <NavLink href="/notifications" icon={<IconBell />}>
                          {notificationText(locale).nav} <NotificationsNavBadge />
                        </NavLink>
                      </li>
                    )}
                    {allowed.has("crisis.read") && (
                      <li>
                        <NavLink href="/crisis" icon={<IconCrisis />}>
                          {crisisText(locale).nav}
                        </NavLink>
                      </li>
                    )}
                    {allowed.has("metrics.read") && (
                      <li>
                        <NavLink href="/okr" icon={<IconTarget />}>
                          {t.nav.okrs}
                        </NavLink>
                      </li>
                    )}
                  </ul>
                  {/* One "Audit" section: decision search, configuration history, chain verification. */}
                  <p className="nav-section" id="nav-audit">
                    {t.search.navSection}
                  </p>
                  <ul aria-labelledby="nav-audit">
                    {allowed.has("decisions.read") && (
                      <li>
                        <NavLink href="/audit/decisions" icon={<IconAudit />}>
                          {t.search.nav}
                        </NavLink>
                      </li>
                    )}
                    <li>
                      <NavLink href="/audit/history" icon={<IconAudit />}>
                        {t.history.nav}
                      </NavLink>
                    </li>
                    {allowed.has("audit.verify") && (
                      <li>
                        <NavLink href="/audit/verify" icon={<IconAudit />}>
                          {t.proof.nav}
                        </NavLink>
                      </li>
                    )}
                  </ul>
                  <ul>
                    {allowed.has("users.manage") && (
                      <li>
                        <NavLink href="/admin/users" icon={<IconUsers />}>
                          {t.users.nav}
                        </NavLink>
                      </li>
                    )}
                    {allowed.has("settings.manage") && (
                      <li>
                        <NavLink href="/admin/settings" icon={<IconSettings />}>
                          {settingsText(locale).nav}
                        </NavLink>
                      </li>
                    )}
                    {allowed.has("webhooks.manage") && (
                      <li>
                        <NavLink href="/admin/webhooks" icon={<IconSettings />}>
                          {webhookText(locale).nav}
                        </NavLink>
                      </li>
                    )}
                  </ul>
                  {/* Sections later issues fill in, shown so the shell reads as the product it grows into. */}
                  <p className="nav-section" id="nav-soon">
                    {t.nav.soon}
                  </p>
                  <ul aria-labelledby="nav-soon">
                    {[
                      [t.nav.editor, <IconCanvas key="c" />],
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
                  <AccountBox />
                </div>
              </aside>
              <main id="main" className="content" tabIndex={-1}>
                {children}
              </main>
            </div>
           </SessionProvider>
          </TRPCReactProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
