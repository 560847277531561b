// getCustomer: looks a customer up in the loyalty programme.
const CUSTOMERS = {
  "C-100": { name: "Dana Lee", tier: "gold" },
  "C-200": { name: "Eli Moreau", tier: "standard" },
};

export const handler = async (event, context) => {
  const customer = CUSTOMERS[event.customerId];
  if (!customer) {
    const e = new Error(`No customer ${event.customerId}`);
    e.name = "CustomerNotFound";
    throw e;
  }
  return { customerId: event.customerId, ...customer };
};
