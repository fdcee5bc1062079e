import { z } from "zod";
import { listStores } from "../../stores/list-stores";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const ZStore = z.object({ id: z.string(), name: z.string() });
export const ZListStoresOutputSchema = z.array(ZStore);

export const storesRouter = createTRPCRouter({
  /** The admin inbox's store filter. */
  list: adminProcedure.output(ZListStoresOutputSchema).query(({ ctx }) => listStores(ctx.db, ctx.actor)),
});
