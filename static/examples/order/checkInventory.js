// checkInventory: up to 5 of any item are in stock.
export const handler = async (event, context) => {
  return { ...event, inStock: event.qty <= 5 };
};
