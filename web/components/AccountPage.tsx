/** The frame of an account page (sign in, register, verify, reset): the title, the form, and the way elsewhere. */
import type { ReactNode } from "react";
import { PageLink } from "./PageLink";
import { PageTitle } from "./PageTitle";

export function AccountPage({
  title,
  elsewhere,
  children,
}: {
  /** The page's heading, and its name in the browser tab. */
  title: string;
  /** The line under the form, e.g. "Already confirmed?" with a link to "/signin/" named "Sign in". */
  elsewhere: { question: string; href: string; link: string };
  children: ReactNode;
}) {
  return (
    <section className="panel panel--narrow">
      <PageTitle>{title}</PageTitle>
      <h1>{title}</h1>
      {children}
      <p className="aside">
        {`${elsewhere.question} `}
        <PageLink href={elsewhere.href}>{elsewhere.link}</PageLink>
      </p>
    </section>
  );
}
