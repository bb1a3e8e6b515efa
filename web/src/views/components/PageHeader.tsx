import type { ReactNode } from 'react';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1 className="page-header__title" data-testid="page-title">{title}</h1>
      <div className="page-header__extra">{children}</div>
      <LanguageSwitch />
    </header>
  );
}
