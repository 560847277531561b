// quoteExpressShipping: next-day quote from the express carrier, which only serves some countries.
const SERVED = { FR: 1490, DE: 1590, BE: 1390 };

export const handler = async (event, context) => {
  const address = event.address ?? {};
  if (!address.postalCode || !address.country) {
    const e = new Error("The address needs a postal code and a country");
    e.name = "InvalidAddress";
    throw e;
  }
  const priceCents = SERVED[address.country];
  if (priceCents === undefined) {
    const e = new Error(`The express carrier does not deliver to ${address.country}`);
    e.name = "CarrierUnavailable";
    throw e;
  }
  return { priceCents, days: 1 };
};
