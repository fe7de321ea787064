-- wrk script: rotates realistic search requests (valid queries only: any non-2xx is a failure).
local paths = {
  "/api/v1/search?q=DNS+abuse",
  "/api/v1/search?q=IGF+funding&audience=policymakers",
  "/api/v1/search?q=fragmentation&group=message",
  "/api/v1/search?kind=proof-point&per_page=20",
  "/api/v1/search?q=multi-stakeholder&theme=igf",
  "/api/v1/search?q=internationalized+domain+names",
  "/api/v1/suggest?q=frag",
  "/api/v1/units/wsis20-framework/m4/pp1",
  "/api/v1/messages",
  "/api/v1/search?q=fragmentaton",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
