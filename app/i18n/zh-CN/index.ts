import { accounts } from "./accounts";
import { alliance } from "./alliance";
import { analysis } from "./analysis";
import { auth } from "./auth";
import { backup } from "./backup";
import { common } from "./common";
import { county } from "./county";
import { demand } from "./demand";
import { distribution } from "./distribution";
import { fulfilment } from "./fulfilment";
import { home } from "./home";
import { inventory } from "./inventory";
import { jobs } from "./jobs";
import { offline } from "./offline";
import { negotiation } from "./negotiation";
import { payments } from "./payments";
import { pledges } from "./pledges";
import { produce } from "./produce";
import { restock } from "./restock";
import { recall } from "./recall";
import { recallStock } from "./recall-stock";
import { sales } from "./sales";
import { scan } from "./scan";
import { suggestions } from "./suggestions";
import { trace } from "./trace";

/** The source dictionary: every key the app uses, in Chinese. */
export const zhCN = {
  ...common,
  ...auth,
  ...inventory,
  ...sales,
  ...distribution,
  ...restock,
  ...fulfilment,
  ...analysis,
  ...suggestions,
  ...alliance,
  ...payments,
  ...pledges,
  ...jobs,
  ...demand,
  ...scan,
  ...offline,
  ...accounts,
  ...negotiation,
  ...county,
  ...backup,
  ...produce,
  ...recall,
  ...recallStock,
  ...trace,
  ...home,
};
