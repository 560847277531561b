// bookShipment: books a parcel with the carrier, whose API is down for the first `failTimes` attempts.
// context.awsRequestId is "<StateName>-<call>-<attempt>" in the playground, the attempt counting from 1,
// so the outage is the same on every run.
export const handler = async (event, context) => {
  const attempt = Number(context.awsRequestId.slice(context.awsRequestId.lastIndexOf("-") + 1));
  if (attempt <= (event.failTimes ?? 0)) {
    const e = new Error(`Carrier API unavailable (attempt ${attempt}), try again later`);
    e.name = "ServiceUnavailable";
    throw e;
  }
  return {
    trackingNumber: `1Z-${event.orderId}`,
    carrier: "ParcelPost",
    attempt,
  };
};
