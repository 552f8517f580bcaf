namespace PatientAccess.Integrations.Cards;

/// <summary>Connected regions (4-neighbour) of a pixel grid.</summary>
internal static class PixelRegions
{
    /// <summary>
    /// Every region of pixels for which <paramref name="inside"/> holds, as the list of its pixel indices
    /// (row-major, <paramref name="width"/> x <paramref name="height"/>), in the order their first pixel appears.
    /// </summary>
    public static IEnumerable<List<int>> Find(int width, int height, Func<int, bool> inside)
    {
        var seen = new bool[width * height];
        var stack = new Stack<int>();
        for (var i = 0; i < seen.Length; i++)
        {
            if (seen[i] || !inside(i)) continue;
            var members = new List<int>();
            seen[i] = true;
            stack.Push(i);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                members.Add(p);
                int px = p % width, py = p / width;
                if (px > 0) Visit(p - 1);
                if (px < width - 1) Visit(p + 1);
                if (py > 0) Visit(p - width);
                if (py < height - 1) Visit(p + width);
            }
            yield return members;
        }

        void Visit(int q)
        {
            if (!seen[q] && inside(q))
            {
                seen[q] = true;
                stack.Push(q);
            }
        }
    }
}
