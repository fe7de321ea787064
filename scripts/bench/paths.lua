-- wrk script: requests the paths of a file (one per line, $KB_BENCH_PATHS) in turn, each
-- wrk thread starting at its own place, so that no query repeats within a run's first
-- pass over the file. Any non-2xx answer counts as a failure in wrk's summary.
local paths = {}
local file = os.getenv("KB_BENCH_PATHS")
for line in io.lines(file) do
  if #line > 0 then paths[#paths + 1] = line end
end
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end
local i = nil
request = function()
  if i == nil then i = tonumber(offset) or 0 end
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
