// checkFraud: a risk score from 0 (safe) to 100, from the amount and the shipping country.
export const handler = async (event, context) => {
  let riskScore = 5;
  if (event.amountCents > 100000) riskScore += 40;
  if (event.country !== event.billingCountry) riskScore += 30;
  return { orderId: event.orderId, riskScore };
};
