"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A sidebar link that marks itself current (aria-current) on its section. */
export function NavLink({ href, icon, shortcut, children }: { href: string; icon: ReactNode; shortcut?: string; children: ReactNode }) {
  const pathname = usePathname() ?? "/";
  const current = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link href={href} className="nav-link" aria-current={current ? "page" : undefined}>
      <span className="nav-icon" aria-hidden="true">
        {icon}
      </span>
      <span>{children}</span>
      {shortcut && (
        <kbd className="nav-kbd" aria-hidden="true">
          {shortcut}
        </kbd>
      )}
    </Link>
  );
}
