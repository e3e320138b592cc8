import { PageLink } from "../components/PageLink";
import { PageTitle } from "../components/PageTitle";

export default function NotFound() {
  return (
    <section className="panel panel--narrow">
      <PageTitle>Page not found</PageTitle>
      <h1>Page not found</h1>
      <p>This trail leads nowhere — even unicorns can't find it. Check the address, or head back.</p>
      <p>
        <PageLink href="/" className="button button--primary">
          Go to the home page
        </PageLink>
      </p>
    </section>
  );
}
