// requestApproval: e-mails the employee's manager a link to approve or reject the expense.
// The links would carry the task token; the approver's answer comes back through SendTaskSuccess,
// so what this function returns is ignored: the task's result is the callback's output.
export const handler = async (event, context) => {
  const { request, taskToken } = event;
  const amount = (request.amountCents / 100).toFixed(2);
  const link = (approved) =>
    `https://expenses.example.com/decide?approved=${approved}&token=${encodeURIComponent(taskToken)}`;
  console.log(`To: ${request.managerEmail}`);
  console.log(`${request.employee} asks for ${amount} ${request.currency}: ${request.description}`);
  console.log(`Approve: ${link(true)}`);
  console.log(`Reject: ${link(false)}`);
  return { sent: true, to: request.managerEmail };
};
