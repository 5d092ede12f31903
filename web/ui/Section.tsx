import type { HTMLAttributes, ReactNode } from "react";

/** A page section named by its own heading (aria-labelledby), the way cards and console panels are built. */
export function Section({
  titleId,
  title,
  titleClassName,
  level = 2,
  children,
  ...rest
}: Omit<HTMLAttributes<HTMLElement>, "title"> & {
  /** Id of the heading, the section's accessible name. */
  titleId: string;
  title: ReactNode;
  titleClassName?: string;
  level?: 2 | 3;
  children?: ReactNode;
}) {
  const H = level === 3 ? "h3" : "h2";
  return (
    <section aria-labelledby={titleId} {...rest}>
      <H id={titleId} className={titleClassName}>
        {title}
      </H>
      {children}
    </section>
  );
}

/** A card: a section whose heading is the card's title ("card card__title"); `className` is added to "card". */
export function Card({ className, ...rest }: Omit<Parameters<typeof Section>[0], "titleClassName">) {
  return <Section className={className ? `card ${className}` : "card"} titleClassName="card__title" {...rest} />;
}
