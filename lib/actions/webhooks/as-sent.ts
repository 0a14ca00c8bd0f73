import { z } from "zod";

/** Input passed on as sent: the service parses it once, after its permission check, so a stranger learns nothing about the fields. */
export const asSent = <T>() => z.custom<T>((v) => typeof v === "object" && v !== null);
