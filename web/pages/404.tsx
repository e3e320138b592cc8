import Link from "next/link";
import { PageTitle } from "../components/PageTitle";

export default function NotFound() {
  return (
    <section className="panel panel--narrow">
      <PageTitle>Page not found</PageTitle>
      <h1>Page not found</h1>
      <p>This trail leads nowhere — even unicorns can't find it. Check the address, or head back.</p>
      <p>
        <Link href="/" className="button button--primary">
          Go to the home page
        </Link>
      </p>
    </section>
  );
}
