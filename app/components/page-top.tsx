import { Link } from "@remix-run/react";

/**
 * "← where you came from" at the top of a sub-page: one line (a long product name is cut, not
 * wrapped) and a full 44 px row, so a thumb finds it on a 360 px phone.
 */
export function BackLink({ to, children }: { to: string; children: React.ReactNode }) {
  return (
    <Link
      to={to}
      className="-mx-1 -mt-2 -mb-1 flex min-h-11 min-w-0 max-w-full items-center gap-1 self-start px-1 text-sm text-brand-700"
    >
      <span aria-hidden>←</span>
      <span className="truncate">{children}</span>
    </Link>
  );
}

/** The top of a page that acts on one product: what you are doing, to which product, from what stock. */
export function ProductHeading({ title, name, stock }: { title: string; name: string; stock: string }) {
  return (
    <div className="flex flex-col gap-0.5">
      <h1 className="text-xl font-bold">{title}</h1>
      <p className="font-medium break-words">{name}</p>
      <p className="text-sm text-stone-600" data-testid="stock-now">
        {stock}
      </p>
    </div>
  );
}
